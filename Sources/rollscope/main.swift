print("rollscope")
