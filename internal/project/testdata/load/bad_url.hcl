url     = "postgres://admin:s3cret@db.example.com:54x32/app"
dev_url = "mysql://root:hunter2@localhost/dev"

env "prod" {
  url = getenv("BAD_URL")
}
