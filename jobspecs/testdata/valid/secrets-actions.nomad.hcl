job "ops" {
  group "app" {
    task "app" {
      driver = "exec"
      config {
        command = "/bin/app"
      }
      secret "db" {
        provider = "nomad"
        path     = "app/db"
      }
      secret "api" {
        provider = "vault"
        path     = "secret/data/api"
        config {
          engine = "kv_v2"
        }
      }
      action "migrate" {
        command = "/bin/migrate"
        args    = ["up"]
      }
      action "status" {
        command = "/bin/status"
      }
    }
  }
}
