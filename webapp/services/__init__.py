"""Use cases as plain functions: values in, domain errors out. Services add and flush; callers commit."""
