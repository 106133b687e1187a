job "native" {
  group "api" {
    network {
      port "http" {
        to = 8080
      }
    }
    task "api" {
      driver = "docker"
      config {
        image = "api:1"
      }
      service {
        name     = "api"
        port     = "http"
        provider = "nomad"
        check {
          type     = "tcp"
          interval = "5s"
          timeout  = "1s"
        }
        check {
          type     = "script"
          command  = "/bin/check"
          args     = ["-q"]
          interval = "30s"
          timeout  = "5s"
        }
      }
    }
  }
}
