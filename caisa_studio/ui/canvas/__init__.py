"""The diagram canvas: a QGraphicsScene whose items are views of the model, and its view."""
