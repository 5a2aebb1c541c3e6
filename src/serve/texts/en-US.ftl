# The error overlay `tolk serve` shows on every open page when a rebuild fails.
serve-overlay-title = The site could not be rebuilt
serve-overlay-intro = This page shows the last version that built. Fix the problems below and save: the page updates by itself.
serve-overlay-more = { $count ->
    [one] One more problem is listed in the terminal.
   *[other] { $count } more problems are listed in the terminal.
}
