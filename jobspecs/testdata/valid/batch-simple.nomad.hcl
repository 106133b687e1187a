job "hello" {
  type = "batch"
  group "hello" {
    count = 3
    task "hello" {
      driver = "raw_exec"
      config {
        command = "/bin/echo"
        args    = ["hello from ${NOMAD_ALLOC_INDEX}"]
      }
      logs {
        disabled = false
      }
    }
  }
}
