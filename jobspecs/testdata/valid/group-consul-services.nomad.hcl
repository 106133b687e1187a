job "grouped" {
  group "g" {
    consul {
      namespace = "team-a"
    }
    network {
      port "http" {
        to = 80
      }
    }
    service {
      name = "grouped"
      port = "http"
      task = "web"
      check {
        type     = "script"
        task     = "web"
        command  = "/bin/healthy"
        interval = "20s"
        timeout  = "5s"
        on_update = "ignore_warnings"
      }
    }
    task "web" {
      driver = "docker"
      config {
        image = "web:1"
      }
    }
  }
}
