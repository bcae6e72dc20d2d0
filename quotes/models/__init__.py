"""The shipped Indonesian stanza models (id/) and the code that trains them."""
