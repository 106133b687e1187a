job "node-gc" {
  type = "sysbatch"
  periodic {
    cron = "@daily"
  }
  group "gc" {
    task "gc" {
      driver = "raw_exec"
      config {
        command = "docker"
        args    = ["system", "prune", "-f"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
