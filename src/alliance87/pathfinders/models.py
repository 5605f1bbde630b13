# Models of the pathfinders app.
