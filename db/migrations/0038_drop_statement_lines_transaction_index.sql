-- Matching reads an import's lines whole, by hash; only the carry step looked lines up by transaction id, and it now
-- checks the few items due against one pass over the lines (ADR 0008). Building this index was a second of every million-line import.
DROP INDEX "statement_lines_import_id_provider_transaction_id_idx";