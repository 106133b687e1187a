job "node-exporter" {
  type = "system"
  update {
    max_parallel = 1
    canary       = 10
    min_healthy_time = "5s"
  }
  group "exporter" {
    network {
      port "metrics" {
        static = 9100
      }
    }
    service {
      name = "node-exporter"
      port = "metrics"
      provider = "nomad"
    }
    task "exporter" {
      driver = "docker"
      config {
        image        = "prom/node-exporter:v1"
        network_mode = "host"
      }
    }
  }
}
