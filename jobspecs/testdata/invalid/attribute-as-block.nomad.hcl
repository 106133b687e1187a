job "blk" {
  group "g" {
    count {
      value = 3
    }
    task "t" {
      driver = "exec"
    }
  }
}
