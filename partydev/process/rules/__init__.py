"""One module per rule family. Each rule is one function for its due date(s) and one for its
problems, both used by the gates, the Deadline rows, the timeline, forms and pages alike."""
