site-name = Tickets voor beveiligingsgebeurtenissen
skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
nav-guide = Handleiding
nav-form = Ticket aanmaken
language-switcher = Taal

search-label = Zoeken in de handleiding
search-placeholder = Zoeken
search-no-results = Geen resultaten
search-results = { $count ->
    [one] { $count } resultaat
   *[other] { $count } resultaten
}
search-source-language = Engels

footer-status = Vertaalstatus
footer-built-with = Gemaakt met tolk

notice-untranslated = Deze pagina is nog niet vertaald. U ziet de oorspronkelijke tekst ({ $language }).
notice-machine = Deze pagina is automatisch vertaald en kan fouten bevatten.
notice-machine-reviewed = Deze pagina is automatisch vertaald en daarna door een mens nagekeken.
notice-machine-link = Lees het origineel ({ $language })
notice-outdated = Het origineel is gewijzigd nadat deze vertaling is gemaakt. Delen ervan kunnen verouderd zijn.
notice-outdated-link = Lees het actuele origineel
toc-title = Op deze pagina
aside-form-title = Klaar om te melden?
aside-form-text = Het ticketformulier volgt de stappen van deze handleiding en controleert uw antwoorden terwijl u invult.
updated-on = Laatst bijgewerkt:
cta-open-form = Ticket voor een beveiligingsgebeurtenis aanmaken
step-start-form = Start de aanvraag met ons formulier

home-title = Richtlijnen voor beveiligingsgebeurtenissen
home-intro = Hebt u een beveiligingsprobleem in uw product gevonden? Lees hoe u het meldt en maak daarna een ticket aan.
home-articles = Artikelen
home-untranslated = nog niet vertaald

choose-language = Kies uw taal
not-found-home = Naar de startpagina
not-found = Pagina niet gevonden

chart-security-event = Beveiligingsgebeurtenis
    .description = Het probleemtype voor elk beveiligingsprobleem met uw aanbieding
chart-incident = Beveiligingsincident
    .description = Er is iets gebeurd: een aanval, een inbreuk of misbruik dat uw aanbieding of uw klanten treft.
chart-vulnerability = Beveiligingslek
    .description = Een zwakke plek die misbruikt kan worden, aangeduid met CVE-nummers of een CVSS-score.

status-title = Vertaalstatus
status-intro = Hoeveel er in elke taal is vertaald, en of elke pagina het actuele origineel volgt.
status-ui-heading = Interfaceteksten
status-language = Taal
status-ui-translated = Vertaalde teksten
status-ui-count = { $translated } van { $total } ({ $percent }%)
status-pages-heading = Pagina's
status-page = Pagina
status-kind-source = Origineel
status-kind-machine = Automatische vertaling
status-kind-reviewed = Automatische vertaling, nagekeken
status-kind-human = Menselijke vertaling
status-kind-missing = Niet vertaald
status-fresh-up-to-date = Actueel
status-fresh-outdated = Verouderd: het origineel is gewijzigd
status-fresh-unknown = Bronversie onbekend
status-findings = { $count ->
        [0] Geen structuurbevindingen
        [one] 1 structuurbevinding, { $fixable } te herstellen met tolk fix
       *[other] { $count } structuurbevindingen, { $fixable } te herstellen met tolk fix
    }

# Navigation: the sidebar, breadcrumbs, previous/next and the full table of contents.
nav-docs = Documentatie
nav-breadcrumbs = Kruimelpad
nav-prev = Vorige
nav-next = Volgende
nav-full-toc = Volledige inhoudsopgave
nav-toc-title = Inhoudsopgave
nav-more = Meer pagina's

# Microsoft Docs Markdown (src/markdown/docfx/).
docfx-note = Opmerking
docfx-tip = Tip
docfx-important = Belangrijk
docfx-caution = Let op
docfx-warning = Waarschuwing
docfx-video = Bekijk de video
docfx-zone = Van toepassing op
