"""The model of the playground: data, networks, training and files. No Qt here."""
