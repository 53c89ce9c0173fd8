"""Reference data loaders: curated files in ``data/``, GeoNames places, ANCT label lists."""
