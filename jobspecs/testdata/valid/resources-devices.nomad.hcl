job "ml" {
  type = "batch"
  group "train" {
    task "train" {
      driver = "docker"
      config {
        image = "trainer:latest"
      }
      resources {
        cores      = 4
        memory     = 8192
        memory_max = 16384
        device "nvidia/gpu" {
          count = 2
          constraint {
            attribute = "${device.attr.memory}"
            operator  = ">="
            value     = "8 GiB"
          }
          affinity {
            attribute = "${device.model}"
            value     = "Tesla V100"
            weight    = 50
          }
        }
        numa {
          affinity = "prefer"
        }
      }
    }
  }
}
