# A message with an unclosed placeable.
broken = Hallo { $name
fine = Goed
