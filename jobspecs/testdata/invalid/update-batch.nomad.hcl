job "b" {
  type = "batch"
  group "g" {
    update {
      max_parallel = 2
    }
    task "t" {
      driver = "exec"
    }
  }
}
