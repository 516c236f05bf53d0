"""Big Bang knowledge: the release table, where packages live, and the Istio modes."""
