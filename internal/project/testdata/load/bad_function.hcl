url = env("DATABASE_URL")
