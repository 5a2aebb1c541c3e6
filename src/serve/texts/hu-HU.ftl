# The error overlay `tolk serve` shows on every open page when a rebuild fails.
serve-overlay-title = A webhelyet nem sikerült újra elkészíteni
serve-overlay-intro = Ez az oldal az utolsó sikeresen elkészült változatot mutatja. Javítsa az alábbi hibákat, és mentse a fájlt: az oldal magától frissül.
serve-overlay-more = { $count ->
   *[other] További { $count } hiba látható a terminálban.
}
