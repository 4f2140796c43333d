default_env = "prod"
env "dev" {}
