-- Trigram search for the knowledge base (Chinese has no word boundaries; 2-character words like 退款 match by trigram/ILIKE).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
