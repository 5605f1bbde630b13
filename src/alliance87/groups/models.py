# Models of the groups app.
