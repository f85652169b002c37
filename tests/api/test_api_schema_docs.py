"""Every operation, parameter, property and error of the schema is described, in Chinese by default
and in English with ?lang=en."""

import pytest


@pytest.fixture(scope="module")
def schemas(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        client = Client()
        return {lang: client.get("/api/schema/", {"format": "json", "lang": lang}).json() for lang in ("zh-hans", "en")}


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


def test_every_operation_parameter_and_response_is_described(schemas):
    missing = []
    for name, op in operations(schemas["zh-hans"]):
        if not op.get("summary"):
            missing.append(f"{name}: summary")
        missing += [f"{name}: parameter {p['name']}" for p in op.get("parameters", []) if not p.get("description")]
        missing += [f"{name}: response {code}" for code, r in op["responses"].items()
                    if code[0] in "45" and not r.get("description")]
    assert missing == []


def test_every_property_is_described(schemas):
    missing = []
    for name, component in schemas["zh-hans"]["components"]["schemas"].items():
        for prop, spec in component.get("properties", {}).items():
            if not (spec.get("description") or spec.get("allOf") or spec.get("$ref")) and prop != "id":
                missing.append(f"{name}.{prop}")
    assert missing == []


def test_the_schema_speaks_chinese_by_default_and_english_when_asked(schemas):
    zh = dict(operations(schemas["zh-hans"]))
    en = dict(operations(schemas["en"]))
    assert zh["GET /api/v1/cases/"]["summary"] == "人员列表"
    assert en["GET /api/v1/cases/"]["summary"] == "List people"
    assert "入党申请人" in schemas["zh-hans"]["components"]["schemas"]["StageEnum"]["description"]
    assert "Applicant" in schemas["en"]["components"]["schemas"]["StageEnum"]["description"]
    same = [n for n in zh if zh[n]["summary"] == en[n]["summary"]]
    assert same == []


def test_the_schema_generates_without_errors_and_is_valid_openapi(db):
    """What `manage.py spectacular --validate` checks (the deploy check is off: docs/api.md)."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._error_cache
    validate_schema(schema)
