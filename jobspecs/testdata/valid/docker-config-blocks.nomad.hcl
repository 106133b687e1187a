job "dockerish" {
  group "g" {
    task "t" {
      driver = "docker"
      config {
        image   = "busybox:1"
        command = "sh"
        args    = ["-c", "sleep 3600"]
        mount {
          type   = "bind"
          source = "local"
          target = "/etc/app"
        }
        mount {
          type   = "tmpfs"
          target = "/tmp"
        }
        logging {
          type = "json-file"
          config {
            max-size = "10m"
          }
        }
        labels = {
          team = "infra"
        }
      }
    }
  }
}
