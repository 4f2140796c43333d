package deploy_test

var dbmateFiles = map[string]string{
	"20240101000000_users.sql": "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n",
	"20240102000000_teams.sql": "-- migrate:up\nCREATE TABLE teams (id int);\nALTER TABLE users ADD COLUMN team int;\n\n-- migrate:down\nDROP TABLE teams;\n",
	"20240103000000_index.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_team ON users (team);\n\n-- migrate:down\nDROP INDEX users_team;\n",
	"20240104000000_name.sql":  "-- migrate:up\nALTER TABLE teams ADD COLUMN name text;\n\n-- migrate:down\nALTER TABLE teams DROP COLUMN name;\n",
}
