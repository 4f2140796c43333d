# env: prod
env "dev" {}
env "staging" {}
