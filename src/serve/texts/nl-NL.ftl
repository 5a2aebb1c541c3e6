# The error overlay `tolk serve` shows on every open page when a rebuild fails.
serve-overlay-title = De site kon niet opnieuw worden gebouwd
serve-overlay-intro = Deze pagina toont de laatste versie die wel gebouwd kon worden. Los de problemen hieronder op en sla op: de pagina werkt zichzelf bij.
serve-overlay-more = { $count ->
    [one] Nog één probleem staat in de terminal.
   *[other] Nog { $count } problemen staan in de terminal.
}
