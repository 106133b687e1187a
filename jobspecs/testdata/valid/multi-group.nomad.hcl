job "stack" {
  group "frontend" {
    count = 3
    task "nginx" {
      driver = "docker"
      config {
        image = "nginx:1.25"
      }
    }
  }
  group "backend" {
    count = 2
    task "api" {
      driver = "docker"
      config {
        image = "api:1"
      }
      resources {
        memory = 512
      }
    }
    task "sidecar" {
      driver = "docker"
      config {
        image = "envoy:1"
      }
      resources {
        cpu    = 50
        memory = 64
      }
    }
  }
}
