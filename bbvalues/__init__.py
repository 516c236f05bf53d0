"""bbvalues: move Big Bang umbrella values between Istio sidecar and ambient modes."""

__version__ = "0.1.0"
