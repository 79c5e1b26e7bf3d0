"""The graph: stores (embedded and Neo4j) and the questions asked of them."""
