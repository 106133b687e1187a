job "hooks" {
  group "app" {
    ephemeral_disk {
      size = 600
    }
    task "init" {
      driver = "exec"
      lifecycle {
        hook    = "prestart"
        sidecar = false
      }
      config {
        command = "/bin/migrate"
      }
    }
    task "log-shipper" {
      driver = "exec"
      lifecycle {
        hook    = "poststart"
        sidecar = true
      }
      config {
        command = "/bin/ship"
      }
    }
    task "cleanup" {
      driver = "exec"
      lifecycle {
        hook = "poststop"
      }
      config {
        command = "/bin/cleanup"
      }
    }
    task "main" {
      driver = "exec"
      leader = true
      config {
        command = "/bin/main"
      }
    }
  }
}
