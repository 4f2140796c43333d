# env: prod
env "prod" {
  url = getenv("BAD_URL")
}
