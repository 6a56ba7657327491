-- Per-node credentials: registration returns a token scoped to the node (only its SHA-256 is stored), so a node agent
-- can drain and heartbeat its own node and no other.
ALTER TABLE nodes ADD COLUMN node_token_hash text;
CREATE UNIQUE INDEX idx_nodes_token_hash ON nodes(node_token_hash) WHERE node_token_hash IS NOT NULL;
