"""The citykg ontology: vocabulary, records, the mapping to RDF, shapes."""
