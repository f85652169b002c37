// 统计分析: draws the report's charts with the vendored ECharts (static/vendor/echarts/) from the
// data the page passes with json_script (id "stats-chart-data"); every chart has its table beside it,
// so nothing is lost when scripts are off. No HTML tooltips: the CSP allows no inline styles.
(function () {
  "use strict";
  var source = document.getElementById("stats-chart-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#c8161d", "#e6772e", "#f2b134", "#4d8fcc", "#5a9e6f", "#8c6bb1"];
  var common = { color: palette, animation: false, tooltip: { renderMode: "richText" } };

  function merge(a, b) { var o = {}, k; for (k in a) { o[k] = a[k]; } for (k in b) { o[k] = b[k]; } return o; }

  var builders = {
    funnel: function (d) {
      return merge(common, {
        tooltip: { renderMode: "richText", trigger: "item" },
        series: [{ type: "funnel", sort: "none", minSize: "8%", left: 10, right: 10, top: 10, bottom: 10,
                   label: { show: true, position: "inside", formatter: "{b}: {c}" }, data: d.data }]
      });
    },
    trend: function (d) {
      return merge(common, {
        tooltip: { renderMode: "richText", trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: d.months },
        yAxis: { type: "value", minInterval: 1 },
        series: d.series.map(function (s) { return { type: "line", name: s.name, data: s.data }; })
      });
    },
    structure: function (d) {
      return merge(common, {
        tooltip: { renderMode: "richText", trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 20, top: 60, bottom: 30 },
        xAxis: { type: "category", data: d.stages, axisLabel: { interval: 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: d.series.map(function (s) { return { type: "bar", stack: "age", name: s.name, data: s.data }; })
      });
    }
  };

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-chart");
    if (!builders[kind] || !data[kind]) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(builders[kind](data[kind]));
    el.setAttribute("data-chart-ready", "1");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
