// One fused recurrent forward at the kernel level, no JavaScript around it: recurrent_forward of
// the AVX-512 build on nt threads (a spinning barrier; split by rows, or by hidden units with
// UNITS=1 in the environment), T = 100, I = 32, random
// weights; median and best of `reps` calls. Arguments: kind (2 LSTM, 3 GRU), B, H, nt, reps.
// To compare a change with its parent, build it twice, once against the parent's recurrent.cc
// (81dfc0c below: the parent of the per-thread packs of the rows split):
//
//   F="-O3 -ffp-contract=off -mavx512f -mavx512vl -mavx512dq -mavx512bw -mfma -mavx2 -std=c++17 -pthread -Inative/src"
//   S="native/src/gemm.cc native/src/gru_reset_before.cc"
//   g++ $F dev/native-forward-kernel.cc native/src/recurrent.cc $S -o /tmp/fwd-new
//   git show 81dfc0c:native/src/recurrent.cc > /tmp/recurrent-old.cc
//   g++ $F dev/native-forward-kernel.cc /tmp/recurrent-old.cc $S -o /tmp/fwd-old
//   /tmp/fwd-old 2 64 256 1 40; /tmp/fwd-old 2 64 256 2 40; /tmp/fwd-new 2 64 256 2 40
#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "kernels.h"
#include "recurrent.h"
using namespace RK_NS;
static double now(){return std::chrono::duration<double,std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();}
struct Team { std::atomic<int> arrived{0}; std::atomic<int> gen{0}; int nt; };
static void bar(void* t_){ Team* t=(Team*)t_; int g=t->gen.load(); if(t->arrived.fetch_add(1)+1==t->nt){t->arrived=0;t->gen.store(g+1);} else while(t->gen.load()==g){} }
int main(int argc,char**argv){
  int kind=atoi(argv[1]), T=100,B=atoi(argv[2]),I=32,H=atoi(argv[3]); int nt=atoi(argv[4]); int reps=atoi(argv[5]);
  int G=kind==2?4:kind==3?3:1, GH=G*H;
  auto R=[](size_t n){std::vector<float> v(n); for(auto&x:v)x=(rand()%1000)/1000.f-0.5f; return v;};
  auto x=R((size_t)T*B*I), wih=R((size_t)GH*I), whh=R((size_t)GH*H), bih=R(GH), bhh=R(GH), h0=R((size_t)B*H);
  for(auto&w:whh) w*=0.1f;
  std::vector<float> out((size_t)T*B*H), hn((size_t)B*H), cn((size_t)B*H);
  RkRecurrentForward a={}; a.kind=kind;a.T=T;a.B=B;a.I=I;a.H=H;a.x=x.data();a.w_ih=wih.data();a.w_hh=whh.data();a.b_ih=bih.data();a.b_hh=bhh.data();a.h0=h0.data();a.out=out.data();a.h_n=hn.data();a.c_n=kind==2?cn.data():nullptr;a.split=getenv("UNITS")?RK_SPLIT_UNITS:RK_SPLIT_ROWS;
  size_t per=0; size_t sh=recurrent_forward_scratch(&a,nt,&per); per=(per+15)&~15; sh=(sh+15)&~15;
  float* scr=(float*)aligned_alloc(64,(sh+per*nt)*4+64);
  RkScratch s={scr,scr+sh,per};
  Team team; team.nt=nt;
  std::vector<double> ms;
  std::atomic<int> go{0}, done{0};
  std::vector<std::thread> ws;
  for(int t=1;t<nt;t++) ws.emplace_back([&,t]{ for(int r=0;r<reps;r++){ while(go.load()<=r){} RkSync y={t,nt,bar,&team}; recurrent_forward(&a,&s,&y); done.fetch_add(1);} });
  for(int r=0;r<reps;r++){ double t0=now(); go.store(r+1); RkSync y={0,nt,bar,&team}; recurrent_forward(&a,&s,&y); while(done.load()<r*(nt-1)+(nt-1)){} ms.push_back(now()-t0); }
  for(auto&w:ws) w.join();
  std::sort(ms.begin(),ms.end());
  printf("kind %d B %d H %d nt %d: median %.2f ms min %.2f  out[7]=%.6f\n",kind,B,H,nt,ms[ms.size()/2],ms[0],out[7+B*H*50]);
}
