job "autoscaled" {
  group "web" {
    count = 2
    scaling {
      min     = 2
      max     = 10
      enabled = true
      policy {
        evaluation_interval = "10s"
        cooldown            = "1m"
        check "cpu" {
          source = "prometheus"
          query  = "avg(cpu)"
          strategy "target-value" {
            target = 70
          }
        }
      }
    }
    task "web" {
      driver = "docker"
      config {
        image = "web:1"
      }
      scaling "cpu" {
        enabled = true
        max     = 2000
        policy {
          cooldown = "5m"
        }
      }
      scaling "mem" {
        enabled = false
        max     = 4096
      }
    }
  }
}
