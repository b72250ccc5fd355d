/** The condition technique, shared by the reference ERP and the pricing subgraph. */
