job "t" {
  group "g" {
    task "t" {
      drivr = "exec"
    }
  }
}
