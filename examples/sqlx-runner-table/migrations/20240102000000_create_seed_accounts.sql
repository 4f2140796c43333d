-- A seed migration that later turned out to belong in a fixture.
INSERT INTO accounts (email) VALUES ('demo@example.com');
