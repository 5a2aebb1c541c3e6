site-name = Biztonsági eseményjegyek
skip-to-content = Ugrás a tartalomra
nav-label = Főmenü
nav-guide = Útmutató
nav-form = Jegy beküldése
language-switcher = Nyelv

search-label = Keresés az útmutatóban
search-placeholder = Keresés
search-no-results = Nincs találat
search-results = { $count ->
    [one] { $count } találat
   *[other] { $count } találat
}
search-source-language = angol

footer-status = Fordítási állapot
footer-built-with = Készült a tolk segítségével

notice-untranslated = Ez az oldal még nincs lefordítva. Az eredeti nyelvű szöveget látja ({ $language }).
notice-machine = Ezt az oldalt gépi fordítás készítette, ezért hibákat tartalmazhat.
notice-machine-reviewed = Ezt az oldalt gépi fordítás készítette, majd egy ember átnézte.
notice-machine-link = Az eredeti szöveg ({ $language })
notice-outdated = Az eredeti oldal megváltozott a fordítás elkészülte óta, ezért egyes részei elavultak lehetnek.
notice-outdated-link = Az eredeti oldal jelenlegi változata
toc-title = Ezen az oldalon
aside-form-title = Készen áll a bejelentésre?
aside-form-text = A jegyűrlap ennek az útmutatónak a lépéseit követi, és kitöltés közben ellenőrzi a válaszait.
updated-on = Utolsó frissítés:
cta-open-form = Biztonsági eseményjegy beküldése
step-start-form = Indítsa el a kérést az űrlapunkon

home-title = Útmutató biztonsági eseményekhez
home-intro = Biztonsági problémát talált a termékében? Olvassa el, hogyan jelentheti, majd küldjön be egy jegyet.
home-articles = Cikkek
home-untranslated = még nincs lefordítva

choose-language = Válasszon nyelvet
not-found-home = Ugrás a kezdőlapra
not-found = Az oldal nem található

chart-security-event = Biztonsági esemény
    .description = Problématípus az ajánlatát érintő bármilyen biztonsági problémához
chart-incident = Biztonsági incidens
    .description = Valami már megtörtént: támadás, betörés vagy visszaélés, amely az ajánlatát vagy az ügyfeleit érinti.
chart-vulnerability = Biztonsági rés
    .description = Kihasználható gyengeség, amelyet CVE-azonosítók vagy CVSS-pontszám jelöl.

status-title = Fordítási állapot
status-intro = Mennyi készült el az egyes nyelveken, és hogy az egyes oldalak követik-e az eredeti jelenlegi változatát.
status-ui-heading = Felületi szövegek
status-language = Nyelv
status-ui-translated = Lefordított szövegek
status-ui-count = { $translated } / { $total } ({ $percent }%)
status-pages-heading = Oldalak
status-page = Oldal
status-kind-source = Eredeti
status-kind-machine = Gépi fordítás
status-kind-reviewed = Gépi fordítás, átnézve
status-kind-human = Emberi fordítás
status-kind-missing = Nincs lefordítva
status-fresh-up-to-date = Naprakész
status-fresh-outdated = Elavult: az eredeti megváltozott
status-fresh-unknown = A forrás változata ismeretlen
status-findings = { $count ->
        [0] Nincs szerkezeti eltérés
        [one] 1 szerkezeti eltérés, ebből { $fixable } javítható a tolk fix paranccsal
       *[other] { $count } szerkezeti eltérés, ebből { $fixable } javítható a tolk fix paranccsal
    }

# Navigation: the sidebar, breadcrumbs, previous/next and the full table of contents.
nav-docs = Dokumentáció
nav-breadcrumbs = Morzsamenü
nav-prev = Előző
nav-next = Következő
nav-full-toc = Teljes tartalomjegyzék
nav-toc-title = Tartalomjegyzék
nav-more = További oldalak

# Microsoft Docs Markdown (src/markdown/docfx/).
docfx-note = Megjegyzés
docfx-tip = Tipp
docfx-important = Fontos
docfx-caution = Figyelem
docfx-warning = Figyelmeztetés
docfx-video = A videó megtekintése
docfx-zone = A következőkre vonatkozik
