form-title = Ticket voor een beveiligingsgebeurtenis aanmaken
form-intro = Meld een beveiligingsprobleem met uw aanbieding aan het ondersteuningsteam. Elk deel van het formulier volgt een stap uit de handleiding, en het advies bij die stap staat ernaast.
form-read-guide = Lees eerst de hele handleiding
form-noscript = Zonder JavaScript werkt het formulier ook: uw browser controleert wat hij kan, en de ticketdienst controleert de rest wanneer u het ticket verstuurt. Er wordt geen concept bewaard.
form-optional = (optioneel)
form-guidance-title = Uit de handleiding
form-step-link = Lees stap { $step } van de handleiding

form-section-contact = Hoe we u kunnen bereiken
    .guidance = Op de ondersteuningssite meldt u zich aan met uw Microsoft-account, zodat het ondersteuningsteam weet wie u bent. Geef hier de naam en het e-mailadres waarnaar we kunnen schrijven, en de aanbieding waar het probleem over gaat.
form-section-event = Probleemtype en categorie
    .guidance = Kies ‘Beveiligingsgebeurtenis’ als probleemtype. Kies daarna de categorie: een beveiligingsincident is iets wat al is gebeurd, zoals een aanval of een inbraak; een beveiligingslek is een zwakke plek die misbruikt kan worden.
form-section-details = Details van het probleem
    .guidance = Geef de details waarmee we het probleem snel begrijpen: wat er is gebeurd; bij een beveiligingslek de CVE-nummers of de CVSS-vector; of er een tijdelijke oplossing of een beperkende maatregel is, en met welke stappen u het probleem verhelpt; en of uw klanten een bericht moeten krijgen.

form-field-contact_name = Uw naam
    .required = Vul uw naam in
form-field-email = E-mailadres
    .hint = Het ondersteuningsteam schrijft u op dit adres over het ticket.
    .required = Vul uw e-mailadres in
    .invalid = Vul een e-mailadres in de juiste vorm in, zoals naam@voorbeeld.nl
form-field-offer = Betrokken aanbieding
    .hint = De naam van uw aanbieding op Azure Marketplace, zoals klanten die zien.
    .required = Vul de naam van de betrokken aanbieding in
form-field-issue_type = Probleemtype
    .required = Kies het probleemtype
form-field-issue_type-security-event = Beveiligingsgebeurtenis
    .hint = Elk beveiligingsprobleem met uw aanbieding.
form-field-category = Categorie
    .required = Kies of het om een beveiligingsincident of een beveiligingslek gaat
form-field-category-incident = Beveiligingsincident
    .hint = Er is iets gebeurd: een aanval, een inbraak of misbruik dat uw aanbieding of uw klanten treft.
form-field-category-vulnerability = Beveiligingslek
    .hint = Een zwakke plek die misbruikt kan worden, aangeduid met CVE-nummers of een CVSS-score.
form-field-description = Wat er is gebeurd
    .hint = Beschrijf het incident of het lek: wat u hebt gezien, wanneer, en waar het gevolgen voor heeft.
    .required = Beschrijf het incident of het beveiligingslek
form-field-cve_ids = CVE-nummers
    .hint = Bijvoorbeeld CVE-2021-44228. Scheid meerdere nummers met komma’s of spaties. Geef CVE-nummers, een CVSS-vector of allebei.
form-field-cvss_vector = CVSS-vector
    .hint = Bijvoorbeeld CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N of CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (CVSS 4.0, 3.1 of 3.0), uit de calculator van FIRST. Terwijl u typt, ziet u de basisscore.
form-field-has_workaround = Is er een tijdelijke oplossing of een beperkende maatregel?
    .required = Kies of er een tijdelijke oplossing of een beperkende maatregel is
form-field-has_workaround-yes = Ja
form-field-has_workaround-no = Nee
form-field-remediation = Stappen die het probleem verhelpen
    .hint = Zet elke stap op een eigen regel.
    .required = Geef de stappen die het probleem verhelpen
form-field-customer_message = Bericht voor uw klanten
    .hint = Als klanten op de hoogte moeten worden gebracht, schrijf dan wat ze moeten weten. Waar dat past, stellen we het definitieve bericht samen met u op.

form-error-summary-title = Er is een probleem
form-error-prefix = Fout:
form-error-invalid = Controleer dit antwoord
form-error-too-long = { $label } mag niet langer zijn dan { $max } tekens
form-error-too-many = { $label }: geef niet meer dan { $max } nummers
form-rule-cve-or-cvss = Vul bij een beveiligingslek CVE-nummers of een CVSS-vector in

form-error-cve-prefix = { $token } is geen CVE-nummer: een CVE-nummer begint met CVE-
form-error-cve-malformed = { $token } is geen CVE-nummer: schrijf het als CVE-JJJJ-NNNN
form-error-cve-year = { $token }: het jaartal van een CVE-nummer heeft vier cijfers en is 1999 of later
form-error-cve-sequence-short = { $token }: het nummer na het jaartal heeft minstens vier cijfers
form-error-cve-sequence-long = { $token }: het nummer na het jaartal heeft hoogstens negentien cijfers
form-error-cve-sequence-leading-zero = { $token }: een nummer van vijf of meer cijfers mag niet met 0 beginnen
form-error-cve-duplicate = { $token } staat er meer dan één keer in
form-error-cvss-empty = Vul een CVSS-vector in
form-error-cvss-missing-prefix = Begin de CVSS-vector met CVSS:4.0/, CVSS:3.1/ of CVSS:3.0/
form-error-cvss-unsupported-version = Vul een vector van CVSS-versie 4.0, 3.1 of 3.0 in
form-error-cvss-malformed = Schrijf de CVSS-vector als metrieken zoals AV:N, gescheiden door /
form-error-cvss-unknown-metric = { $metric } is geen metriek van deze CVSS-versie
form-error-cvss-invalid-value = De waarde van { $metric } is niet geldig in deze CVSS-versie
form-error-cvss-duplicate-metric = { $metric } staat meer dan één keer in de CVSS-vector
form-error-cvss-metric-order = { $metric } staat op de verkeerde plaats: een CVSS 4.0-vector noemt de metrieken in de volgorde van de specificatie
form-error-cvss-missing-metric = De basismetriek { $metric } ontbreekt in de CVSS-vector

form-cvss-score = Basisscore volgens CVSS { $version }: { $score } ({ $severity })
form-cvss-incomplete = De basisscore verschijnt zodra de vector volledig is.
form-severity-none = geen
form-severity-low = laag
form-severity-medium = gemiddeld
form-severity-high = hoog
form-severity-critical = kritiek

form-submit-send = Ticket versturen
form-submit-review = Ticket controleren
form-sending = Bezig met versturen…
form-network-error = We konden de ticketdienst niet bereiken, dus uw ticket is niet verstuurd. Alles wat u hebt ingevuld, staat er nog: controleer uw verbinding en verstuur het opnieuw.
form-server-error = De ticketdienst kon uw ticket nu niet aannemen, dus het is niet verstuurd. Alles wat u hebt ingevuld, staat er nog: probeer het over een paar minuten opnieuw.
form-too-large = Het ticket is groter dan de ticketdienst accepteert en is daarom niet verstuurd. Alles wat u hebt ingevuld staat er nog: maak de langste antwoorden korter en verstuur het opnieuw.
form-rate-limited = De ticketdienst heeft in korte tijd veel tickets van uw verbinding ontvangen en heeft dit ticket daarom niet aangenomen. Alles wat u hebt ingevuld staat er nog: wacht een paar minuten en verstuur het opnieuw.
form-draft-restored = We hebben bewaard wat u eerder op dit apparaat hebt ingevuld.
form-draft-clear = Formulier leegmaken

form-review-title = Controleer uw ticket
form-review-intro = Deze site verstuurt zelf geen tickets. Download het ticket als JSON-bestand of kopieer het als tekst, en geef het aan het ondersteuningsteam.
form-download = Downloaden als JSON
form-copy = Kopiëren als tekst
form-copied = Gekopieerd.
form-copy-failed = Kopiëren is niet gelukt. Selecteer de tekst hieronder en kopieer die zelf.
form-edit = Antwoorden wijzigen
form-review-text = Het ticket als tekst
form-review-locale = Taal

form-submitted-title = Ticket verstuurd
form-submitted-number = Uw bevestigingsnummer:
form-submitted-quote = Vermeld dit nummer in elk bericht over dit probleem.

form-next-title = Wat er hierna gebeurt
form-next-acknowledgement = We bevestigen de ontvangst van uw ticket binnen één werkdag en geven het een prioriteit en een ernst.
form-next-confirmation-number = U krijgt een bevestigingsnummer: vermeld het in elk bericht dat u ons over dit probleem stuurt.
form-next-progress = U kunt de voortgang van uw aanvraag op elk moment volgen.
form-next-assessment = We laten u weten wat onze beoordeling heeft opgeleverd. Afhankelijk daarvan kunnen we uw aanbieding verwijderen of u vragen die aan te passen, en we werken met u samen om de gevolgen voor klanten zo klein mogelijk te houden.

## Als de site geen ticketdienst heeft

form-offline-title = Deze site verstuurt geen tickets
form-offline-body = Niemand ontvangt wat u hier invult, en deze pagina geeft u geen bevestigingsnummer. Vul het formulier in en controleer uw ticket. Download het daarna als JSON-bestand of kopieer het als tekst, en geef het aan het ondersteuningsteam.
form-offline-email = U kunt uw ticket ook e-mailen naar:
form-offline-noscript = Zonder JavaScript kan deze pagina uw ticket niet ter controle tonen en er geen bestand van maken. Kopieer uw antwoorden in een bericht aan het ondersteuningsteam, of zet JavaScript aan.
form-email-ticket = Ticket e-mailen
form-email-subject = Ticket voor een beveiligingsgebeurtenis
form-email-shortened = Deze e-mail bevat alleen het begin van het ticket: een e-maillink kan niet meer meenemen. Voeg het gedownloade JSON-bestand als bijlage toe.
form-change = Wijzigen
form-trap-label = Laat dit veld leeg
