"""Exchange formats of the field: KGX, HPOA, nanopublications, RDF 1.2, W3C Web Annotation."""
