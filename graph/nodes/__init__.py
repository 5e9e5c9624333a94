"""One module per step of the flow; each exports a factory that closes over the run-time deps."""
