"""The force-lane canvas: scene (items from a blueprint), view (interaction), rendering."""
