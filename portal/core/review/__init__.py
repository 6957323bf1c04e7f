"""The desk review: the secretariat checks each item of a submitted file (accept, or "needs revision"
with a note), may accept every item not checked yet, then decides through the app's workflow.

Certification (an application's documents and essays) and accreditation (an LKS's indicators, legal
documents and recommendation) use the same pieces:

- `models`: `ReviewStatus`, the abstract `ReviewedItem` (who checked what when, the "revised" rule),
  `status_field()` / `note_field()` for the two fields each model keeps under its own name;
- `services`: `DeskReview`, declared once per app (its items, its permission predicate, the state in
  which items are checked, its refusal and messages), whose methods are the rules: flagged, unrevised,
  unaccepted, reopen on resubmission, check one item, accept all, each audited under the app's name;
- `forms`: `ReviewItemForm`, the POST of one checklist line;
- `views`: `post_review_item` / `post_accept_all` / `post_decision`, what the three POSTs of a review
  page do once the app's view has found the file (scoped to the user, its own permission checks);
- templates `review/item.html` (a checklist line: extend it), `review/item_form.html`,
  `review/badge.html`, `review/checklist_header.html`; the file's history is `workflow/timeline.html`.
"""
