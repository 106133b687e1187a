job "lb" {
  type = "system"
  group "haproxy" {
    network {
      mode     = "bridge"
      hostname = "lb-${NOMAD_ALLOC_INDEX}"
      port "http" {
        static = 80
        to     = 8080
      }
      port "stats" {
        static       = 1936
        host_network = "private"
      }
      port "metrics" {}
      dns {
        servers  = ["10.0.0.2", "10.0.0.3"]
        searches = ["service.consul"]
        options  = ["ndots:2"]
      }
    }
    task "haproxy" {
      driver = "docker"
      config {
        image = "haproxy:2.8"
      }
    }
  }
}
