job "ports" {
  group "g" {
    network {
      port "http" {}
      port "http" {
        static = 8080
      }
    }
    task "t" {
      driver = "exec"
    }
  }
}
