job "metas" {
  meta {
    team = "platform"
    tier = 1
  }
  group "g" {
    meta = {
      owner = "alice"
    }
    task "t" {
      driver = "exec"
      config {
        command = "/bin/env"
      }
      env {
        LOG_LEVEL = "debug"
        PORT      = 8080
        ALLOC     = "${NOMAD_ALLOC_ID}"
      }
      meta {
        role = "worker"
      }
    }
  }
}
