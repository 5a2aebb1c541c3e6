# The ticket form: templates/form.html, static/js/form.js and the ids form.yaml gives rise to
# (form-section-<section>, form-field-<field>, form-field-<field>-<choice>, form-rule-<rule>,
# form-next-<item>). Variables marked "filled in by the browser" are completed by the script
# with what the reader typed or the score it computed.

form-title = Open a security event ticket
form-intro = Tell the support team about a security problem with your offer. Each part of the form follows a step of the guide, and that step's advice is right beside it.
form-read-guide = Read the whole guide first
form-noscript = Without JavaScript your browser still checks the form, but it cannot send the ticket or keep a draft. Turn on JavaScript to send it.
form-optional = (optional)
form-guidance-title = From the guide
# $step (Number) - a step number of the guide
form-step-link = Read step { $step } of the guide

## Sections of form.yaml, each with the advice of its step in the guide

form-section-contact = How we can reach you
    .guidance = On the support site you sign in with your Microsoft account, so the support team knows who you are. Here, give the name and email address we should write to, and the offer the problem concerns.
form-section-event = Problem type and category
    .guidance = Choose “Security event” as the problem type. Then pick the category: a security incident is something that has already happened, such as an attack or a breach; a security vulnerability is a weakness that could be exploited.
form-section-details = Details of the problem
    .guidance = Give the details that help us understand the problem quickly: what happened; for a vulnerability, its CVE IDs or CVSS vector; whether there is a workaround or a mitigation, and the steps that remediate the problem; and whether your customers should get a message.

## Fields of form.yaml: label, .hint, .required (error when empty), .invalid (error on a bad format)

form-field-contact_name = Your name
    .required = Enter your name
form-field-email = Email address
    .hint = We send the confirmation and every update about the ticket to this address.
    .required = Enter your email address
    .invalid = Enter an email address in the correct format, like name@example.com
form-field-offer = Affected offer
    .hint = The name of your offer on Azure Marketplace, as customers see it.
    .required = Enter the name of the affected offer
form-field-issue_type = Problem type
    .required = Choose the problem type
form-field-issue_type-security-event = Security event
    .hint = Any security problem with your offer.
form-field-category = Category
    .required = Choose whether this is a security incident or a security vulnerability
form-field-category-incident = Security incident
    .hint = Something has happened: an attack, a breach or misuse that affects your offer or your customers.
form-field-category-vulnerability = Security vulnerability
    .hint = A weakness that could be exploited, identified by CVE IDs or a CVSS score.
form-field-description = What happened
    .hint = Describe the incident or the vulnerability: what you saw, when, and what it affects.
    .required = Describe the incident or the vulnerability
form-field-cve_ids = CVE IDs
    .hint = For example CVE-2021-44228. Separate several IDs with commas or spaces. Give CVE IDs, a CVSS vector, or both.
form-field-cvss_vector = CVSS vector
    .hint = For example CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N or CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (CVSS 4.0, 3.1 or 3.0), from the FIRST calculator. Its base score appears as you type.
form-field-has_workaround = Is there a workaround or a mitigation?
    .required = Choose whether there is a workaround or a mitigation
form-field-has_workaround-yes = Yes
form-field-has_workaround-no = No
form-field-remediation = Steps that remediate the problem
    .hint = Put each step on a line of its own.
    .required = List the steps that remediate the problem
form-field-customer_message = Message for your customers
    .hint = If customers should be told, write what they need to know. Where it is appropriate, we write the final message together with you.

## Errors

form-error-summary-title = There is a problem
# Before the page title and before each error, for screen readers
form-error-prefix = Error:
form-error-invalid = Check this answer
# $label (String) - the field's label; $max (Number) - its limit
form-error-too-long = { $label } must be { $max } characters or fewer
# $label (String) - the field's label; $max (Number) - the most IDs allowed
form-error-too-many = { $label }: give { $max } IDs or fewer
form-rule-cve-or-cvss = For a vulnerability, enter CVE IDs or a CVSS vector

# $token (String) - a CVE ID as the reader typed it, filled in by the browser
form-error-cve-prefix = { $token } is not a CVE ID: a CVE ID starts with CVE-
form-error-cve-malformed = { $token } is not a CVE ID: write it as CVE-YYYY-NNNN
form-error-cve-year = { $token }: the year of a CVE ID has four digits and is 1999 or later
form-error-cve-sequence-short = { $token }: the number after the year needs at least four digits
form-error-cve-sequence-long = { $token }: the number after the year has at most nineteen digits
form-error-cve-sequence-leading-zero = { $token }: a number of five digits or more cannot start with 0
form-error-cve-duplicate = { $token } is listed more than once
# $metric (String) - a CVSS metric such as AV, filled in by the browser
form-error-cvss-empty = Enter a CVSS vector
form-error-cvss-missing-prefix = Start the CVSS vector with CVSS:4.0/, CVSS:3.1/ or CVSS:3.0/
form-error-cvss-unsupported-version = Enter a vector of CVSS version 4.0, 3.1 or 3.0
form-error-cvss-malformed = Write the CVSS vector as metrics like AV:N, separated by /
form-error-cvss-unknown-metric = { $metric } is not a metric of this CVSS version
form-error-cvss-invalid-value = The value of { $metric } is not valid in this CVSS version
form-error-cvss-duplicate-metric = { $metric } appears more than once in the CVSS vector
form-error-cvss-metric-order = { $metric } is out of place: a CVSS 4.0 vector lists its metrics in the order of the specification
form-error-cvss-missing-metric = The CVSS vector lacks the base metric { $metric }

## The CVSS score, shown as the reader types

# $version (String) - 3.0, 3.1 or 4.0; $score (String) - the score, formatted; $severity (String) - one of form-severity-*; all filled in by the browser
form-cvss-score = CVSS { $version } base score: { $score } ({ $severity })
form-cvss-incomplete = The base score appears when the vector is complete.
form-severity-none = none
form-severity-low = low
form-severity-medium = medium
form-severity-high = high
form-severity-critical = critical

## Sending

form-submit-send = Send the ticket
form-submit-review = Review the ticket
form-sending = Sending…
form-network-error = We could not reach the ticket service, so your ticket was not sent. Everything you entered is still here: check your connection and send it again.
form-server-error = The ticket service could not take your ticket just now, so it was not sent. Everything you entered is still here: try again in a few minutes.
form-draft-restored = We kept what you entered earlier on this device.
form-draft-clear = Clear the form

## Review, when the site sends no tickets itself

form-review-title = Check your ticket
form-review-intro = This site does not send tickets itself. Download the ticket as a JSON file or copy it as text, and give it to the support team.
form-download = Download as JSON
form-copy = Copy as text
form-copied = Copied.
form-copy-failed = Copying did not work. Select the text below and copy it yourself.
form-edit = Change your answers
form-review-text = The ticket as text
form-review-locale = Language

## Sent

form-submitted-title = Ticket sent
form-submitted-number = Your confirmation number:
form-submitted-quote = Quote this number in every message about this problem.

## What happens next (form.yaml next)

form-next-title = What happens next
form-next-acknowledgement = We acknowledge your ticket within one business day and give it a priority and a severity.
form-next-confirmation-number = You get a confirmation number: quote it in every message you send us about this problem.
form-next-progress = You can follow the progress of your request at any time.
form-next-assessment = We tell you what our assessment found. Depending on the result, we may remove your offer or ask you to change it, and we work with you to keep the impact on customers as small as possible.
